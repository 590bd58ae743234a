import { TodayScreen } from "@/features/today/components/TodayScreen";

export const Component = TodayScreen;
