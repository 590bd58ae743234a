import { EnrolScreen } from "@/features/auth/components/EnrolScreen";

export function Component() {
  return <EnrolScreen kind="reset" />;
}
