/** Sessions added to a draft invoice, several in turn. */

export type AddedInTurn = { added: string[]; refusal?: unknown };

/**
 * Adds each session in the order given, each at the invoice version the previous add reached
 * (so a change someone else makes meanwhile is refused, not overwritten). Stops at the first
 * refusal: the sessions added before it stay on the invoice.
 */
export async function addInTurn(
  appointmentIds: string[],
  version: number,
  add: (appointmentId: string, version: number) => Promise<{ version: number }>,
): Promise<AddedInTurn> {
  const added: string[] = [];
  let at = version;
  for (const id of appointmentIds) {
    try {
      at = (await add(id, at)).version;
    } catch (refusal) {
      return { added, refusal };
    }
    added.push(id);
  }
  return { added };
}
