import { HistoryScreen } from "@/features/audit/components/HistoryScreen";

export const Component = HistoryScreen;
