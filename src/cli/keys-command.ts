/** `hale keys rotate`: placeholder until field encryption lands. */
export async function keysRotateCommand(): Promise<number> {
  console.error('hale keys rotate: not available yet');
  return 2;
}
