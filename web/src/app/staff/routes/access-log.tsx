import { AccessLogScreen } from "@/features/audit/components/AccessLogScreen";

export const Component = AccessLogScreen;
