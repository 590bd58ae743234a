import { NoteTemplateFields } from "@/features/clinical/components/NoteTemplateFields";
import { SettingsNav } from "@/features/settings/components/SettingsNav";

export function Component() {
  return <NoteTemplateFields nav={<SettingsNav />} />;
}
