import { Alert, List, Text } from "@mantine/core";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { clashesOf, describeClash } from "../booking-rules";

/** A refused double booking says what it clashes with; any other problem as usual. */
export function BookingProblem({ error }: { error: unknown }) {
  const clashes = clashesOf(error);
  if (!clashes) return <ProblemAlert error={error} />;
  return (
    <Alert color="red" title="That time is already taken" role="alert">
      <Text size="sm">Nothing was booked. It clashes with:</Text>
      <List size="sm" aria-label="Clashes">
        {clashes.map((c) => <List.Item key={c}>{describeClash(c)}</List.Item>)}
      </List>
    </Alert>
  );
}
