import { RevenueScreen } from "@/features/billing";

export const Component = RevenueScreen;
