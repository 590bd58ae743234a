/**
 * The treatment plan form: each goal with its objectives typed one per line. Blank goals and
 * blank lines are dropped; a goal's objectives keep their order.
 */
export type GoalDraft = { goal: string; objectives: string };

export function goalsFromDrafts(drafts: readonly GoalDraft[]): { goal: string; objectives: string[] }[] {
  return drafts
    .map((d) => ({
      goal: d.goal.trim(),
      objectives: d.objectives.split("\n").map((line) => line.trim()).filter(Boolean),
    }))
    .filter((g) => g.goal);
}

export function draftsFromGoals(goals: readonly { goal: string; objectives: string[] }[]): GoalDraft[] {
  const drafts = goals.map((g) => ({ goal: g.goal, objectives: g.objectives.join("\n") }));
  return drafts.length ? drafts : [{ goal: "", objectives: "" }];
}
