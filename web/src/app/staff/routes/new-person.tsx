import { NewPersonScreen } from "@/features/clients/components/NewPersonScreen";

export const Component = NewPersonScreen;
