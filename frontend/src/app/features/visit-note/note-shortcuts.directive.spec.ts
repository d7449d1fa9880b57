import { noteShortcut } from './note-shortcuts.directive';

const keys = (init: Partial<KeyboardEvent>) => ({
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  key: '',
  code: '',
  ...init,
});

describe(noteShortcut.name, () => {
  it('claims Ctrl/⌘+S whether or not the note is being edited', () => {
    expect(noteShortcut(keys({ ctrlKey: true, key: 's' }), true)).toBe('save');
    expect(noteShortcut(keys({ metaKey: true, key: 'S' }), false)).toBe('save');
    expect(noteShortcut(keys({ ctrlKey: true, altKey: true, key: 's' }), true)).toBeNull();
  });

  it('signs with Ctrl/⌘+Enter while editing only', () => {
    expect(noteShortcut(keys({ ctrlKey: true, key: 'Enter' }), true)).toBe('sign');
    expect(noteShortcut(keys({ metaKey: true, key: 'Enter' }), true)).toBe('sign');
    expect(noteShortcut(keys({ ctrlKey: true, key: 'Enter' }), false)).toBeNull();
    expect(noteShortcut(keys({ key: 'Enter' }), true)).toBeNull();
  });

  it.each([
    ['KeyM', 'add-manual-therapy'],
    ['KeyE', 'search-exercises'],
    ['KeyB', 'add-service'],
  ])('Alt+%s (by code, so Alt+M typing "µ" on a Mac still counts) → %s', (code, shortcut) => {
    expect(noteShortcut(keys({ altKey: true, code, key: 'µ' }), true)).toBe(shortcut);
    expect(noteShortcut(keys({ altKey: true, code }), false)).toBeNull();
    expect(noteShortcut(keys({ altKey: true, shiftKey: true, code }), true)).toBeNull();
    expect(noteShortcut(keys({ altKey: true, ctrlKey: true, code }), true)).toBeNull();
  });

  it('ignores other keys', () => {
    expect(noteShortcut(keys({ altKey: true, code: 'KeyX' }), true)).toBeNull();
    expect(noteShortcut(keys({ key: 's' }), true)).toBeNull();
  });
});
