import { Directive, inject, input, output } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';

/** The visit note's keyboard shortcuts. */
export type NoteShortcut = 'save' | 'sign' | 'add-manual-therapy' | 'search-exercises' | 'add-service';

type Keys = Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'key' | 'code'>;

/** Alt+<letter> by `code`, not `key`: on a Mac, Alt+M types "µ". */
const ALT_SHORTCUTS: Record<string, NoteShortcut> = {
  KeyM: 'add-manual-therapy',
  KeyE: 'search-exercises',
  KeyB: 'add-service',
};

/**
 * The shortcut a key press means: Ctrl/⌘+S saves (always claimed, so the browser never offers to
 * save the page); while editing, Ctrl/⌘+Enter signs and Alt+M / Alt+E / Alt+B add manual
 * therapy, search exercises, add a service line.
 */
export function noteShortcut(event: Keys, editing: boolean): NoteShortcut | null {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey && event.key.toLowerCase() === 's') {
    return 'save';
  }
  if (!editing) {
    return null;
  }
  if (mod && event.key === 'Enter') {
    return 'sign';
  }
  if (event.altKey && !mod && !event.shiftKey) {
    return ALT_SHORTCUTS[event.code] ?? null;
  }
  return null;
}

/**
 * Listens for the note's shortcuts on the whole document while its element is shown (the note
 * once loaded), except under an open dialog, and emits what to do. The value is whether the
 * note is being edited: a read-only note takes Ctrl/⌘+S and does nothing with it.
 */
@Directive({
  selector: '[strideNoteShortcuts]',
  host: { '(document:keydown)': 'onKeydown($event)' },
})
export class NoteShortcutsDirective {
  private readonly dialog = inject(MatDialog);

  readonly editing = input(false, { alias: 'strideNoteShortcuts' });
  readonly noteShortcut = output<NoteShortcut>();

  protected onKeydown(event: KeyboardEvent): void {
    if (this.dialog.openDialogs.length > 0) {
      return;
    }
    const shortcut = noteShortcut(event, this.editing());
    if (!shortcut) {
      return;
    }
    event.preventDefault();
    if (shortcut === 'save' && !this.editing()) {
      return;
    }
    this.noteShortcut.emit(shortcut);
  }
}
