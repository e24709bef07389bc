"""Writes the PyTorch reference answers the optim tests compare against.

Run once with PyTorch 1.13 (`/usr/bin/python3 scripts/generate-fixtures.py` from packages/optim);
the tests read the JSON files and never need Python.

- src/lr-scheduler.fixtures.json: get_last_lr() after construction and after every step(), and
  the scheduler's state_dict() at the end, for StepLR and CosineAnnealingLR (fresh and resumed
  with last_epoch, several groups, past T_max so the cosine restarts branch is taken).
- src/state-dict.fixtures.json: optimizer.state_dict() after a few steps, tensors as nested
  lists, tuples as lists, PyTorch-only group keys (foreach, capturable, ...) dropped.
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, '..', 'src')
PYTORCH_ONLY_GROUP_KEYS = {'foreach', 'differentiable', 'capturable', 'fused'}


def plain(value):
    if isinstance(value, torch.Tensor):
        return {'tensor': value.tolist(), 'shape': list(value.shape), 'dtype': str(value.dtype).replace('torch.', '')}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def optimizer_over(groups, make):
    params = []
    spec = []
    for group in groups:
        p = torch.zeros(group['size'], dtype=torch.float64, requires_grad=True)
        params.append(p)
        spec.append(dict({'params': [p]}, **group.get('options', {})))
    return params, make(spec)


def scheduler_case(name, groups, make_scheduler, steps, resume_from=None):
    params, optimizer = optimizer_over(groups, lambda spec: torch.optim.SGD(spec, lr=groups[0]['options']['lr']))
    if resume_from is not None:
        for group, initial in zip(optimizer.param_groups, resume_from):
            group['initial_lr'] = initial
    scheduler = make_scheduler(optimizer)
    lrs = [list(scheduler.get_last_lr())]
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        lrs.append(list(scheduler.get_last_lr()))
    return {
        'name': name,
        'groups': [{'lr': g['options']['lr']} for g in groups],
        'resumeFrom': resume_from,
        'steps': steps,
        'lastLrs': lrs,
        'stateDict': plain(scheduler.state_dict()),
        'finalGroups': [{k: v for k, v in g.items() if k in ('lr', 'initial_lr')} for g in optimizer.param_groups],
    }


def schedulers():
    two = [{'size': 1, 'options': {'lr': 0.1}}, {'size': 1, 'options': {'lr': 0.02}}]
    one = [{'size': 1, 'options': {'lr': 0.5}}]
    S = torch.optim.lr_scheduler
    return [
        dict(scheduler_case('StepLR stepSize 3 gamma 0.5, two groups', two, lambda o: S.StepLR(o, step_size=3, gamma=0.5), 10),
             kind='StepLR', options={'stepSize': 3, 'gamma': 0.5}),
        dict(scheduler_case('StepLR default gamma', one, lambda o: S.StepLR(o, step_size=2), 7),
             kind='StepLR', options={'stepSize': 2}),
        dict(scheduler_case('StepLR resumed at lastEpoch 4', one, lambda o: S.StepLR(o, step_size=3, gamma=0.5, last_epoch=4), 6, resume_from=[0.8]),
             kind='StepLR', options={'stepSize': 3, 'gamma': 0.5, 'lastEpoch': 4}),
        dict(scheduler_case('CosineAnnealingLR tMax 4 etaMin 0.001, two groups, past two restarts', two, lambda o: S.CosineAnnealingLR(o, T_max=4, eta_min=0.001), 20),
             kind='CosineAnnealingLR', options={'tMax': 4, 'etaMin': 0.001}),
        dict(scheduler_case('CosineAnnealingLR tMax 10', one, lambda o: S.CosineAnnealingLR(o, T_max=10), 12),
             kind='CosineAnnealingLR', options={'tMax': 10}),
        dict(scheduler_case('CosineAnnealingLR resumed at lastEpoch 3', two, lambda o: S.CosineAnnealingLR(o, T_max=6, eta_min=0.01, last_epoch=3), 12, resume_from=[0.2, 0.04]),
             kind='CosineAnnealingLR', options={'tMax': 6, 'etaMin': 0.01, 'lastEpoch': 3}),
    ]


def state_dict_case(name, kind, defaults, groups, steps, scheduler=None):
    torch.manual_seed(7)
    params = []
    spec = []
    for group in groups:
        p = torch.randn(group['shape'], dtype=torch.float64).requires_grad_()
        params.append(p)
        spec.append(dict({'params': [p]}, **group.get('options', {})))
    py_kwargs = {k: (tuple(v) if k == 'betas' else v) for k, v in defaults.items()}
    optimizer = getattr(torch.optim, kind)(spec, **py_kwargs)
    if scheduler == 'StepLR':
        torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    initial = [p.detach().clone().tolist() for p in params]
    grads = []
    for _ in range(steps):
        step_grads = [torch.randn(p.shape, dtype=torch.float64) for p in params]
        for p, g in zip(params, step_grads):
            p.grad = g.clone()
        optimizer.step()
        grads.append([g.tolist() for g in step_grads])
    sd = optimizer.state_dict()
    for group in sd['param_groups']:
        for key in PYTORCH_ONLY_GROUP_KEYS:
            group.pop(key, None)
    return {
        'name': name,
        'optimizer': kind,
        'defaults': defaults,
        'groups': [{'shape': g['shape'], 'options': g.get('options', {})} for g in groups],
        'scheduler': scheduler,
        'initial': initial,
        'grads': grads,
        'stateDict': plain(sd),
    }


def state_dicts():
    return [
        state_dict_case('SGD without momentum', 'SGD', {'lr': 0.1}, [{'shape': [2, 2]}, {'shape': [3]}], 2),
        state_dict_case('SGD nesterov, two groups', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True},
                        [{'shape': [2, 2]}, {'shape': [3], 'options': {'lr': 0.01, 'weight_decay': 0.1}}], 3),
        state_dict_case('Adam amsgrad, two groups, StepLR', 'Adam', {'lr': 0.01, 'betas': [0.8, 0.9], 'amsgrad': True},
                        [{'shape': [2, 3]}, {'shape': [1], 'options': {'lr': 0.1}}], 3, scheduler='StepLR'),
        state_dict_case('AdamW maximize', 'AdamW', {'lr': 0.01, 'maximize': True}, [{'shape': [4]}], 2),
    ]


def write(name, value):
    with open(os.path.join(SRC, name), 'w') as f:
        json.dump({'generator': 'PyTorch ' + torch.__version__ + ' (scripts/generate-fixtures.py)', 'cases': value}, f, indent=1)
        f.write('\n')


write('lr-scheduler.fixtures.json', schedulers())
write('state-dict.fixtures.json', state_dicts())
