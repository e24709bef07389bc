// The root README's TypeScript examples, written into ./.readme-examples by the test before the
// build; each runs when imported. What they print is collected.
const examples = import.meta.glob('./.readme-examples/*.ts');

export async function runReadmeExamples(): Promise<{ file: string; logs: string[]; error: string | null }[]> {
  const results = [];
  for (const [file, load] of Object.entries(examples).sort(([a], [b]) => a.localeCompare(b))) {
    const logs: string[] = [];
    const log = console.log;
    console.log = (...values: unknown[]) => logs.push(values.map(String).join(' '));
    let error: string | null = null;
    try {
      await load();
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    } finally {
      console.log = log;
    }
    results.push({ file, logs, error });
  }
  return results;
}
