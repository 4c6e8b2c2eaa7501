/**
 * The browser build of react-pdf only works with ONE copy of pdfkit: @react-pdf/font registers the
 * standard fonts with the pdfkit it imports, and @react-pdf/renderer creates documents (which open
 * Helvetica first) with the pdfkit it imports. Two copies made every render in the PDF worker fail
 * with 'Standard font "Helvetica" is not registered' while Node (which needs no registration) was
 * fine. A root pdfkit of another version (the bench baseline once was 0.17) is what splits them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Where Node's resolution finds `name` from `dir`: the nearest node_modules/name going up. */
function packageDirFrom(dir: string, name: string): string | null {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(current) === current) return null;
  }
}

describe('install layout', () => {
  it('@react-pdf/renderer and @react-pdf/font share one pdfkit', () => {
    const root = process.cwd();
    const renderer = packageDirFrom(root, '@react-pdf/renderer')!;
    const font = packageDirFrom(root, '@react-pdf/font')!;
    const fromRenderer = packageDirFrom(renderer, 'pdfkit');
    const fromFont = packageDirFrom(font, 'pdfkit');
    expect(fromRenderer).not.toBeNull();
    expect(fromRenderer).toBe(fromFont);
    // And it is the version react-pdf asks for (the benchmark's baseline is this same copy).
    const wanted = (JSON.parse(readFileSync(path.join(renderer, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.pdfkit;
    const installed = (JSON.parse(readFileSync(path.join(fromRenderer!, 'package.json'), 'utf8')) as { version: string }).version;
    expect(installed).toBe(wanted);
  });
});
