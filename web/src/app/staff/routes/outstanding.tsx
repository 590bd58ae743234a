import { OutstandingScreen } from "@/features/billing";

export const Component = OutstandingScreen;
