import { ActingScreen } from "@/features/acting/components/ActingScreen";

export const Component = ActingScreen;
