import { TRANSFORMS } from '../../transforms/registry.js';
import { allReviewCodes } from './review-codes.js';

/**
 * The README's generated sections, from the transforms' doc blocks and the review-code tables, so
 * that the documentation cannot drift from the code (a test compares; `npm run docs` rewrites).
 */
export function readmeSections(): Record<string, string> {
  return { transforms: transformsTable(), design: designNotes(), 'review-codes': reviewCodesTable() };
}

function designNotes(): string {
  return TRANSFORMS.filter((transform) => transform.doc.design)
    .map((transform) => `### \`${transform.id}\`\n\n${transform.doc.design}`)
    .join('\n\n');
}

function transformsTable(): string {
  const rows = TRANSFORMS.map((transform) => {
    const { doc } = transform;
    const caveats = doc.caveats.map((caveat) => `• ${caveat}`).join('<br>');
    return `| \`${transform.id}\` | ${cell(doc.summary)} | ${cell(doc.why)} | \`${cell(doc.before)}\` → \`${cell(doc.after)}\` | ${cell(caveats)} |`;
  });
  return ['| id | what it does | why | example | caveats |', '|---|---|---|---|---|', ...rows].join('\n');
}

function reviewCodesTable(): string {
  const rows = allReviewCodes().map(({ code, origin, meaning }) => `| ${code} | ${origin} | ${cell(meaning)} |`);
  return ['| code | from | what to check |', '|---|---|---|', ...rows].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Replaces each `<!-- name:start -->…<!-- name:end -->` block of the README with its section. */
export function withSections(readme: string, sections: Record<string, string>): string {
  let result = readme;
  for (const [name, content] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(result)) throw new Error(`README has no <!-- ${name}:start --> block`);
    result = result.replace(pattern, (_match, start: string, end: string) => `${start}${content}\n${end}`);
  }
  return result;
}
