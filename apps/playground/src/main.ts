import './style.css';
import { classificationPanel } from './panels/classification.js';
import { digitsPanel } from './panels/digits.js';
import { letterXPanel } from './panels/letter-x.js';
import { regressionPanel } from './panels/regression.js';
import { find } from './ui/dom.js';

const footer = find(document, '[data-environment]');
footer.dataset['pageIsolated'] = String(crossOriginIsolated);
regressionPanel(find(document, '#regression'), footer);
classificationPanel(find(document, '#classification'), footer);
digitsPanel(find(document, '#digits'), footer);
letterXPanel(find(document, '#letter-x'));
