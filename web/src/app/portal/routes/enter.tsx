import { EnterScreen } from "@/features/portal/components/EnterScreen";

export const Component = EnterScreen;
