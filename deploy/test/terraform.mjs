// deploy/ecs parsed with HashiCorp's HCL parser (npm @cdktf/hcl2json): Terraform cannot validate
// here (its AWS provider comes from registry.terraform.io, which our machines do not reach), so
// the tests check the parsed configuration instead. Run as a script, it prints the merged JSON.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

export const ecsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'ecs');

/** Every .tf file of deploy/ecs, merged: {variable: {...}, output: {...}, resource: {type: {name: ...}}, locals: {...}, ...}. */
export async function terraform() {
  const merged = {};
  for (const file of fs.readdirSync(ecsDir).filter((name) => name.endsWith('.tf')).sort()) {
    const parsed = await parse(file, fs.readFileSync(path.join(ecsDir, file), 'utf8'));
    for (const [block, content] of Object.entries(parsed)) {
      const entries = Array.isArray(content) ? content : [content];
      merged[block] ??= {};
      for (const entry of entries) {
        for (const [key, value] of Object.entries(entry)) {
          merged[block][key] = block === 'resource' || block === 'data' ? { ...merged[block][key], ...value } : value;
        }
      }
    }
  }
  return merged;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await terraform()));
}
