/** Persons behind cadres and applicants: found through the people module, or created at the village. */
import type { Db, Executor } from '../../platform/db';
import type { PiiVault } from '../../platform/crypto/vault';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import type { Actor } from '../../platform/scope';
import { validateCitizenId } from '../../platform/standards/citizenId';
import { findPersonByIdNumber, insertPersonRows, personRow, personViewsByIds, type PersonView } from '../people/service';

export type ResolvedPerson = { personId: number } | { idNumber: string; name: string };

/** An existing person (by id, or by ID number through the people module), or a new one to create. */
export async function resolvePerson(db: Db, vault: PiiVault, actor: Actor, input: { personId?: number | null; name?: string | null; idNumber?: string | null }): Promise<ResolvedPerson> {
  if (input.personId) return { personId: input.personId };
  if (!input.idNumber || !input.name) throw badRequest('PERSON_REQUIRED', '请选择人员，或填写姓名和身份证号', 'personId, or name and idNumber, required');
  const id = validateCitizenId(input.idNumber);
  if (!id.ok) throw badRequest('INVALID_ID_NUMBER', `身份证号不合法：${id.reason}`, 'Invalid citizen ID number');
  try {
    const p = await findPersonByIdNumber(db, vault, actor, id.id);
    return { personId: p.id };
  } catch (err) {
    if (err instanceof AppError && err.statusCode === 404) return { idNumber: id.id, name: input.name.trim() };
    throw err;
  }
}

/** Person view for a resolved person, creating the person (at the village) when new. */
export async function personFor(tx: Executor, vault: PiiVault, actor: Actor, resolved: ResolvedPerson, village: { code: string; path: string }, extra: { education?: string | null; politicalStatus?: string | null; roles?: string[] }): Promise<PersonView> {
  let personId: number;
  if ('personId' in resolved) personId = resolved.personId;
  else {
    const row = personRow(vault, actor.countyCode, { name: resolved.name, idNumber: resolved.idNumber, relation: '其他', politicalStatus: extra.politicalStatus ?? 'masses', education: extra.education ?? '无', roles: extra.roles ?? ['resident', 'village_cadre'] }, { path: village.path, regionCode: village.code, householdId: null });
    [personId] = (await insertPersonRows(tx, [row])) as [number];
  }
  const [p] = await personViewsByIds(tx, [personId]);
  if (!p) throw notFound('人员', 'Person');
  return p;
}

