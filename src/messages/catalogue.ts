import { ar } from "./ar.ts";
import { de } from "./de.ts";
import { en } from "./en.ts";
import { fr } from "./fr.ts";
import { nl } from "./nl.ts";
import { pl } from "./pl.ts";
import { uk } from "./uk.ts";

/** A message's key: English has every one. */
export type MessageKey = keyof typeof en;

/** One message: text, or one text per plural category (`other` always there). */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);

/** A language's catalogue: every key English has, and no other. */
export type Catalogue = { readonly [K in MessageKey]: (typeof en)[K] extends string ? string : Message };

/**
 * The catalogues, bundled as data: a lookup costs no file read, and a cold build parses them with the
 * rest of the bundle.
 */
export const CATALOGUES: Readonly<Record<string, Catalogue>> = { en, fr, de, nl, pl, uk, ar };
