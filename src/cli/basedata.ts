// `wangge import` and `wangge export`: base data (streets, communities, unit and responsibility grids), the component
// census and the gazetteer from and to files, through the same services and validation as the administration screens.
// A file with errors is refused whole: the problems are printed and nothing is applied.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BASE_LAYERS, type BaseLayer } from '../domain/geo/basedata';
import type { Actor } from '../server/auth/policy';
import { ImportOptionsSchema, type ImportPreview } from '../server/basedata/basedata.schema';
import type { Config } from '../server/config';
import { createContext, type AppContext } from '../server/context';
import type { Database } from '../server/db/client';
import { AppError } from '../server/errors';
import type { Role } from '../domain/workflow';

export const IMPORT_HELP = `wangge import <what> <file> [options]

  what: streets | communities | grids | beats   one layer, from GeoJSON or a zipped Shapefile
        basedata                                a zip of several shapefiles named by layer (街道/社区/网格/责任网格 …)
        components                              a component census (部件普查): CSV, xlsx or GeoJSON points
        gazetteer                               gazetteer entries (地名地址): CSV, xlsx or GeoJSON points

  --crs WGS84|CGCS2000|GCJ02|BD09|GK   coordinate system of the file (default: the .prj or GeoJSON crs, else guessed)
  --central-meridian 126               Gauss-Krüger: central meridian in degrees east
  --zone-width 3|6                     Gauss-Krüger zone width (default 3)
  --zone-prefix auto|yes|no            Gauss-Krüger: eastings carry the zone number (default auto)
  --mode replace|merge                 base data: each layer becomes exactly the file (default), or add and change only
  --tolerance 5                        base data: overlap tolerated between neighbours, m²
  --note "…"                           base data: recorded with the version
  --dry-run                            check and print the problems; change nothing
  --as USERNAME                        the administrator recorded as having made the change (default: the first admin)

Exit codes: 0 applied (or a clean dry run), 1 problems found (nothing applied), 2 bad usage, 3 data directory locked.`;

export const EXPORT_HELP = `wangge export <what> [--format F] [--out FILE]

  what: streets | communities | grids | beats   --format geojson (default) | csv | zip (ESRI Shapefile)
        components                              --format csv (default, the census columns) | geojson
        gazetteer                               --format csv (default) | geojson

  --out FILE    where to write (default ./<what>.<ext>; "-" writes to standard output)
What export writes, import reads back to the same records.`;

type Open = (config: Config) => Promise<{ database: Database; release: () => void }>;

class UsageError extends Error {}

const isLayer = (s: string): s is BaseLayer => (BASE_LAYERS as readonly string[]).includes(s);

async function actorFor(ctx: AppContext, username: string | undefined): Promise<Actor> {
  const { cliUser } = await import('../server/basedata/basedata.repository');
  const u = await cliUser(ctx.db, username);
  if (!u) throw new UsageError(username ? `No active user "${username}".` : 'No administrator yet: create one with `wangge user create … --roles admin`, or name one with --as.');
  const roles = u.roles as Role[];
  if (!roles.includes('admin')) throw new UsageError(`User "${u.username}" is not an administrator.`);
  return { id: u.id, username: u.username, roles, departmentId: u.departmentId, streetCode: null };
}

/** Exports only read; whoever can run the command can read the database, so no account is needed for them. */
const CLI_READER: Actor = { id: '00000000-0000-0000-0000-000000000000', username: 'wangge-cli', roles: ['leader'], departmentId: null, streetCode: null };

const out = (line = '') => process.stdout.write(line + '\n');

function printPreview(p: ImportPreview) {
  const rows = Object.entries(p.summary);
  out(`Layers 图层: ${rows.map(([l, s]) => `${l} ${s.features} read, +${s.added} ~${s.changed} -${s.removed} =${s.unchanged} → ${s.total}`).join('; ')}`);
  for (const f of (p.source.files as { file?: string; crs?: string }[] | undefined) ?? []) out(`  ${f.file ?? ''}: ${f.crs ?? ''}`);
  if (p.problems.length === 0) return out('No problems 未发现问题.');
  out(`${p.errorCount} error(s) 错误, ${p.warningCount} warning(s) 警告:`);
  for (const x of p.problems.slice(0, 100)) {
    const where = `${x.layer}${x.index !== null ? ` #${x.index + 1}` : ''}${x.code ? ` ${x.code}` : ''}`;
    out(`  [${x.severity}] ${where}: ${x.zh} / ${x.en}`);
  }
  if (p.problems.length > 100) out(`  … and ${p.problems.length - 100} more (see the preview in the administration screens)`);
}

function printAppError(e: AppError) {
  out(`Refused 拒绝: ${e.code} ${e.detail ?? ''}`.trim());
  for (const f of (e.fields ?? []).slice(0, 100)) out(`  ${f.path}: ${f.message}`);
}

/** Runs `wangge import …`; returns the exit code. */
export async function runImport(config: Config, open: Open, args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        crs: { type: 'string' },
        'central-meridian': { type: 'string' },
        'zone-width': { type: 'string' },
        'zone-prefix': { type: 'string' },
        mode: { type: 'string' },
        tolerance: { type: 'string' },
        note: { type: 'string' },
        'dry-run': { type: 'boolean' },
        as: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${IMPORT_HELP}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [what, file] = positionals;
  if (v.help || !what) {
    out(IMPORT_HELP);
    return v.help ? 0 : 2;
  }
  if (!file || positionals.length > 2 || !(isLayer(what) || ['basedata', 'components', 'gazetteer'].includes(what))) {
    console.error(IMPORT_HELP);
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`No such file: ${file}`);
    return 2;
  }
  const crsFields: Record<string, string> = {};
  if (v.crs) crsFields.crs = v.crs.toUpperCase();
  if (v['central-meridian']) crsFields.centralMeridian = v['central-meridian'];
  if (v['zone-width']) crsFields.zoneWidth = v['zone-width'];
  if (v['zone-prefix']) crsFields.zonePrefix = v['zone-prefix'];
  const data = fs.readFileSync(file);
  const filename = path.basename(file);

  const { database, release } = await open(config);
  const ctx = createContext(config, database);
  try {
    const actor = await actorFor(ctx, v.as);
    if (what === 'components' || what === 'gazetteer') {
      if (what === 'components') {
        const { ComponentImportOptionsSchema } = await import('../server/components/component.schema');
        const { importComponents } = await import('../server/components/component.service');
        const opts = ComponentImportOptionsSchema.parse({ ...crsFields, dryRun: true });
        const check = await importComponents(ctx, actor, { data, filename }, opts);
        out(`Rows 行: ${check.rows}, valid ${check.valid}: +${check.added} ~${check.changed} =${check.unchanged}; legacy 16-digit ids converted 16位旧编码已转换: ${check.legacyConverted}`);
        for (const p of check.problems.slice(0, 100)) out(`  [${p.severity}] row ${p.row}${p.id ? ` ${p.id}` : ''} ${p.field}: ${p.zh} / ${p.en}`);
        if (check.problems.length > 100) out(`  … and ${check.problems.length - 100} more`);
        if (check.errorCount > 0) return out(`${check.errorCount} error(s): nothing imported 未导入.`), 1;
        if (v['dry-run']) return out('Dry run: nothing changed 仅检查，未做更改.'), 0;
        const done = await importComponents(ctx, actor, { data, filename }, { ...opts, dryRun: false });
        out(`Imported 已导入: ${done.added} added, ${done.changed} changed.`);
        return 0;
      }
      const { GazetteerImportOptionsSchema } = await import('../server/geocode/geocode.schema');
      const { importGazetteer } = await import('../server/geocode/geocode.service');
      const opts = GazetteerImportOptionsSchema.parse({ ...crsFields, dryRun: true });
      const check = await importGazetteer(ctx, actor, { data, filename }, opts);
      out(`Rows 行: ${check.rows}, valid ${check.valid}: +${check.added} ~${check.changed}`);
      for (const p of check.problems.slice(0, 100)) out(`  [error] row ${p.row} ${p.field}: ${p.zh} / ${p.en}`);
      if (check.problems.length) return out(`${check.problems.length} problem(s): nothing imported 未导入.`), 1;
      if (v['dry-run']) return out('Dry run: nothing changed 仅检查，未做更改.'), 0;
      const done = await importGazetteer(ctx, actor, { data, filename }, { ...opts, dryRun: false });
      out(`Imported 已导入: ${done.saved} entries.`);
      return 0;
    }
    const { previewImport, applyImport, discardImport } = await import('../server/basedata/basedata.service');
    const options = ImportOptionsSchema.parse({ ...crsFields, mode: v.mode, toleranceM2: v.tolerance, note: v.note ?? `wangge import ${what} ${filename}` });
    const preview = await previewImport(ctx, actor, [{ layer: isLayer(what) ? what : null, filename, data }], options);
    printPreview(preview);
    if (!preview.canApply) {
      await discardImport(ctx, actor, preview.id);
      out('Nothing applied 未应用: fix the file and import it again.');
      return 1;
    }
    if (v['dry-run']) {
      await discardImport(ctx, actor, preview.id);
      out('Dry run: nothing changed 仅检查，未做更改.');
      return 0;
    }
    const result = await applyImport(ctx, actor, preview.id);
    if (!result.version) out('No differences: nothing to apply 无变化.');
    else out(`Applied as version 已应用为版本 ${result.version.number}${result.componentsRelocated ? `; ${result.componentsRelocated} component(s) moved to their new grid` : ''}.`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      return 2;
    }
    if (e instanceof AppError) {
      printAppError(e);
      return 1;
    }
    if (e instanceof z.ZodError) {
      console.error(`Bad option: ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return 2;
    }
    throw e;
  } finally {
    await database.close();
    release();
  }
}

/** Runs `wangge export …`; returns the exit code. */
export async function runExport(config: Config, open: Open, args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${EXPORT_HELP}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [what] = positionals;
  if (v.help || !what) {
    out(EXPORT_HELP);
    return v.help ? 0 : 2;
  }
  const formats: Record<string, string[]> = { components: ['csv', 'geojson'], gazetteer: ['csv', 'geojson'] };
  for (const l of BASE_LAYERS) formats[l] = ['geojson', 'csv', 'zip'];
  if (!formats[what] || positionals.length > 1) {
    console.error(EXPORT_HELP);
    return 2;
  }
  const format = (v.format ?? formats[what][0]).toLowerCase();
  if (!formats[what].includes(format)) {
    console.error(`--format for ${what}: ${formats[what].join(' | ')}`);
    return 2;
  }
  const { database, release } = await open(config);
  const ctx = createContext(config, database);
  try {
    const actor = CLI_READER;
    let file: { body: Buffer; filename: string };
    if (isLayer(what)) {
      const { exportLayer } = await import('../server/basedata/basedata.service');
      file = await exportLayer(ctx, actor, what, format as 'geojson' | 'csv' | 'zip');
    } else if (what === 'components') {
      const { exportComponents } = await import('../server/components/component.service');
      file = await exportComponents(ctx, actor, format as 'csv' | 'geojson', { limit: 0, offset: 0 });
    } else {
      const { exportGazetteer } = await import('../server/geocode/geocode.service');
      file = await exportGazetteer(ctx, actor, format as 'csv' | 'geojson', {});
    }
    const target = v.out ?? file.filename;
    if (target === '-') process.stdout.write(file.body);
    else {
      fs.writeFileSync(target, file.body);
      console.error(`Wrote 已写出 ${file.body.length} bytes to ${target}`);
    }
    return 0;
  } finally {
    await database.close();
    release();
  }
}
