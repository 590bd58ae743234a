import { DocumentsSettings } from "@/features/settings/components/GroupScreens";

export const Component = DocumentsSettings;
