import { AccountScreen } from "@/features/auth/components/AccountScreen";

export const Component = AccountScreen;
