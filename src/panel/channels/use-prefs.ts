import { useEffect, useState } from 'preact/hooks';
import { onPrefsChanged, type Prefs } from '../prefs';

/** The preferences, kept current when they change anywhere (the options page, another panel's toggle). */
export function usePrefs(initial: Prefs): Prefs {
  const [prefs, setPrefs] = useState(initial);
  useEffect(() => onPrefsChanged(setPrefs), []);
  return prefs;
}
