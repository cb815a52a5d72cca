/** `hale audit verify`: placeholder until the audit chain lands. */
export async function auditVerifyCommand(): Promise<number> {
  console.error('hale audit verify: not available yet');
  return 2;
}
