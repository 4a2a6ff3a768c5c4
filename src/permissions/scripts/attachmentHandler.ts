/**
 * Splits an attachment step's `Handler` (`module.function`, e.g. `main.script_handler`) into the script file in the
 * attachment (`main.py`) and the function to call (see aws:executeScript, "Handler").
 */
export function attachmentHandler(
  handler: string,
  extension: '.py' | '.ps1' = '.py',
): { file: string; functionName: string } | null {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return null;
  return { file: `${handler.slice(0, dot).replaceAll('.', '/')}${extension}`, functionName: handler.slice(dot + 1) };
}
