/** Sets environment variables (undefined removes one) and returns a function that puts the old values back. */
export function setEnvironment(variables: Record<string, string | undefined>): () => void {
  const saved: Record<string, string | undefined> = {};
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  for (const name of Object.keys(variables)) saved[name] = process.env[name];
  apply(variables);
  return () => apply(saved);
}
