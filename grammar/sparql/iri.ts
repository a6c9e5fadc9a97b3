/**
 * iri.ts — relative IRI resolution (RFC 3986 §5.2), used by the SPARQL AST builder for IRIREFs,
 * BASE and PREFIX declarations (SPARQL 1.1 §4.1.1.1: "relative IRIs are combined with
 * base IRIs ... using only the basic algorithm in section 5.2"; no normalization).
 */

interface IriParts {
  scheme: string | undefined;
  authority: string | undefined;
  path: string;
  query: string | undefined;
  fragment: string | undefined;
}

/** RFC 3986 appendix B. */
const IRI_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

function split(iri: string): IriParts {
  const m = IRI_PARTS.exec(iri)!;
  return { scheme: m[1], authority: m[2], path: m[3] ?? '', query: m[4], fragment: m[5] };
}

function join(t: IriParts): string {
  let out = '';
  if (t.scheme !== undefined) out += `${t.scheme}:`;
  if (t.authority !== undefined) out += `//${t.authority}`;
  out += t.path;
  if (t.query !== undefined) out += `?${t.query}`;
  if (t.fragment !== undefined) out += `#${t.fragment}`;
  return out;
}

/** removeDotSegments does RFC 3986 §5.2.4 ("/a/b/../c/./d" → "/a/c/d"). */
export function removeDotSegments(path: string): string {
  let input = path;
  const output: string[] = [];
  while (input.length > 0) {
    if (input.startsWith('../')) input = input.slice(3);
    else if (input.startsWith('./')) input = input.slice(2);
    else if (input.startsWith('/./')) input = input.slice(2);
    else if (input === '/.') input = '/';
    else if (input.startsWith('/../')) {
      input = input.slice(3);
      output.pop();
    } else if (input === '/..') {
      input = '/';
      output.pop();
    } else if (input === '.' || input === '..') input = '';
    else {
      const next = input.indexOf('/', input.startsWith('/') ? 1 : 0);
      const segment = next === -1 ? input : input.slice(0, next);
      output.push(segment);
      input = input.slice(segment.length);
    }
  }
  return output.join('');
}

/** hasScheme tells whether `iri` is absolute (starts with a scheme). */
export function hasScheme(iri: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(iri);
}

/**
 * resolveIri resolves `reference` against `base` (RFC 3986 §5.2.2). Without a base, or with a
 * base that is itself relative, a relative reference is returned unchanged.
 */
export function resolveIri(reference: string, base: string | null): string {
  if (hasScheme(reference)) {
    const r = split(reference);
    return join({ ...r, path: removeDotSegments(r.path) });
  }
  if (base === null || !hasScheme(base)) return reference;
  const r = split(reference);
  const b = split(base);
  const t: IriParts = { scheme: b.scheme, authority: undefined, path: '', query: undefined, fragment: r.fragment };
  if (r.authority !== undefined) {
    t.authority = r.authority;
    t.path = removeDotSegments(r.path);
    t.query = r.query;
  } else {
    t.authority = b.authority;
    if (r.path === '') {
      t.path = b.path;
      t.query = r.query ?? b.query;
    } else {
      if (r.path.startsWith('/')) t.path = removeDotSegments(r.path);
      else t.path = removeDotSegments(merge(b, r.path));
      t.query = r.query;
    }
  }
  return join(t);
}

/** RFC 3986 §5.2.3 */
function merge(base: IriParts, path: string): string {
  if (base.authority !== undefined && base.path === '') return `/${path}`;
  const slash = base.path.lastIndexOf('/');
  return slash === -1 ? path : base.path.slice(0, slash + 1) + path;
}
