import { ContactsSettings } from "@/features/settings/components/GroupScreens";

export const Component = ContactsSettings;
