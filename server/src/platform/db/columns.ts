import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL ltree: the region path every scoped row carries (e.g. c320582.t100.v212.g003). */
export const ltree = customType<{ data: string }>({ dataType: () => 'ltree' });

/** Pre-segmented search tokens (unigrams and bigrams of Chinese names), see platform/text. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
