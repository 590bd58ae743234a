import { useEffect, useMemo, useState } from "react";
import { type DraftValues, saveDraft } from "../api/save-draft";
import { DraftSaver, type SaveState } from "./draft-saver";

/** The editor's autosave: one saver per open note, with its state for the status line. */
export function useDraftSaver(noteId: string, version: number) {
  const [state, setState] = useState<{ state: SaveState; error?: unknown }>({ state: "saved" });
  // A new saver only when another note opens; versions after that come from its own saves.
  const saver = useMemo(
    () => new DraftSaver<DraftValues>((values, v) => saveDraft(noteId, values, v), version, (s, error) => setState({ state: s, error })),
    [noteId],
  );
  useEffect(() => () => saver.leave(), [saver]);
  return { saver, ...state };
}
