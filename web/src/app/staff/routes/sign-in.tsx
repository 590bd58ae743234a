import { SignInScreen } from "@/features/auth/components/SignInScreen";

export const Component = SignInScreen;
