import { ClientsScreen } from "@/features/clients/components/ClientsScreen";

export const Component = ClientsScreen;
