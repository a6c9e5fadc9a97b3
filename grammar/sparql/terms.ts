/**
 * terms.ts — RDF terms from SPARQL tokens: the part of AST building that the grammar itself
 * defines (§19.5–19.7, §4.1): prefixed-name expansion, BASE resolution, escape decoding,
 * typed numeric literals, fresh blank nodes. `TermContext` holds the per-request state
 * (base, prefixes, blank node allocation); one is made per parseSparql call.
 */
import { DataFactory } from 'n3';
import type { BlankNode, Literal, NamedNode, Variable } from 'n3';
import type { VarOrIri, VarOrTerm } from './ast.js';
import type {
  BooleanLiteralCstNode, GraphTermCstNode, IriCstNode, NumericLiteralCstNode, RdfLiteralCstNode,
  StringCstNode, VarCstNode, VarOrIriCstNode, VarOrTermCstNode,
} from './cst.js';
import { positionInToken, spanOf, syntaxError, type IToken } from './cst-util.js';
import { resolveIri } from './iri.js';

export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';

const rdfType = DataFactory.namedNode(`${RDF}type`);
const rdfNil = DataFactory.namedNode(`${RDF}nil`);
export const rdfFirst = DataFactory.namedNode(`${RDF}first`);
export const rdfRest = DataFactory.namedNode(`${RDF}rest`);
const xsdString = DataFactory.namedNode(`${XSD}string`);
const xsdBoolean = DataFactory.namedNode(`${XSD}boolean`);
const numericTypes: Record<string, NamedNode> = {
  INTEGER: DataFactory.namedNode(`${XSD}integer`),
  DECIMAL: DataFactory.namedNode(`${XSD}decimal`),
  DOUBLE: DataFactory.namedNode(`${XSD}double`),
};

/** Characters an IRI may not contain after escapes are decoded ([139] IRIREF). */
const BAD_IRI_CHAR = /[<>"{}|^`\\\u0000-\u0020]/;

export class TermContext {
  /** the BASE in force (null: relative IRIs stay relative) */
  base: string | null;
  /** prefix label (without ':') → namespace IRI */
  readonly prefixes = new Map<string, string>();
  private readonly userLabels: ReadonlySet<string>;
  private freshCount = 0;

  /** `userLabels`: every `_:label` in the request, so that fresh labels never collide. */
  constructor(options: { baseIRI?: string; prefixes?: Record<string, string> }, userLabels: ReadonlySet<string>) {
    this.base = options.baseIRI ?? null;
    for (const [p, iri] of Object.entries(options.prefixes ?? {})) this.prefixes.set(p.replace(/:$/, ''), iri);
    this.userLabels = userLabels;
  }

  /** setBase applies `BASE <iri>` ([5]); a relative BASE resolves against the current one. */
  setBase(token: IToken): void {
    this.base = this.iriRef(token).value;
  }

  /** declarePrefix applies `PREFIX p: <iri>` ([6]). */
  declarePrefix(pname: IToken, iri: IToken): void {
    this.prefixes.set(pname.image.slice(0, -1), this.iriRef(iri).value);
  }

  /** freshBlankNode allocates a blank node for `[]`, `[ … ]` or `( … )`. */
  freshBlankNode(): BlankNode {
    let label: string;
    do label = `b${this.freshCount++}`;
    while (this.userLabels.has(label));
    return DataFactory.blankNode(label);
  }

  /** [136] iri ::= IRIREF | PrefixedName */
  iri(node: IriCstNode): NamedNode {
    const c = node.children;
    if (c.IRIREF) return this.iriRef(c.IRIREF[0]!);
    return this.prefixedName((c.PNAME_LN ?? c.PNAME_NS)![0]!);
  }

  /** [139] IRIREF: codepoint escapes decoded, then resolved against BASE. */
  iriRef(token: IToken): NamedNode {
    const value = decodeEscapes(token, 1, 1, false);
    if (BAD_IRI_CHAR.test(value)) {
      throw syntaxError(`The IRI ${token.image} contains a character that IRIs may not contain`, spanOf(token));
    }
    return DataFactory.namedNode(resolveIri(value, this.base));
  }

  /** [137] PrefixedName: the namespace of a declared prefix + the local part, `\`-escapes removed. */
  prefixedName(token: IToken): NamedNode {
    const colon = token.image.indexOf(':');
    const prefix = token.image.slice(0, colon);
    const namespace = this.prefixes.get(prefix);
    if (namespace === undefined) {
      throw syntaxError(`Undefined prefix '${prefix}:' in ${token.image} (declare it with PREFIX ${prefix}: <…>)`, spanOf(token));
    }
    const local = token.image.slice(colon + 1).replace(/\\(.)/g, '$1');
    return DataFactory.namedNode(namespace + local);
  }

  /** [108] Var: `?x` and `$x` both name `x`. */
  variable(node: VarCstNode): Variable {
    const token = (node.children.VAR1 ?? node.children.VAR2)![0]!;
    return DataFactory.variable(token.image.slice(1));
  }

  /** [107] VarOrIri */
  varOrIri(node: VarOrIriCstNode): VarOrIri {
    const c = node.children;
    return c.var ? this.variable(c.var[0]!) : this.iri(c.iri![0]!);
  }

  /** [106] VarOrTerm */
  varOrTerm(node: VarOrTermCstNode): VarOrTerm {
    const c = node.children;
    return c.var ? this.variable(c.var[0]!) : this.graphTerm(c.graphTerm![0]!);
  }

  /** [109] GraphTerm: NIL is rdf:nil, ANON a fresh blank node. */
  graphTerm(node: GraphTermCstNode): NamedNode | BlankNode | Literal {
    const c = node.children;
    if (c.iri) return this.iri(c.iri[0]!);
    if (c.rdfLiteral) return this.rdfLiteral(c.rdfLiteral[0]!);
    if (c.numericLiteral) return this.numericLiteral(c.numericLiteral[0]!);
    if (c.booleanLiteral) return this.booleanLiteral(c.booleanLiteral[0]!);
    if (c.BLANK_NODE_LABEL) return DataFactory.blankNode(c.BLANK_NODE_LABEL[0]!.image.slice(2));
    if (c.ANON) return this.freshBlankNode();
    return rdfNil;
  }

  /** The verb `a` ([78]). */
  get rdfType(): NamedNode {
    return rdfType;
  }

  get rdfNil(): NamedNode {
    return rdfNil;
  }

  /** [129] RDFLiteral ::= String ( LANGTAG | ( '^^' iri ) )? */
  rdfLiteral(node: RdfLiteralCstNode): Literal {
    const c = node.children;
    const value = this.string(c.string[0]!);
    if (c.LANGTAG) return DataFactory.literal(value, c.LANGTAG[0]!.image.slice(1));
    if (c.iri) return DataFactory.literal(value, this.iri(c.iri[0]!));
    return DataFactory.literal(value, xsdString);
  }

  /** [135] String, escapes decoded. */
  string(node: StringCstNode): string {
    const c = node.children;
    const long = c.STRING_LITERAL_LONG1 ?? c.STRING_LITERAL_LONG2;
    if (long) return decodeEscapes(long[0]!, 3, 3, true);
    return decodeEscapes((c.STRING_LITERAL1 ?? c.STRING_LITERAL2)![0]!, 1, 1, true);
  }

  /** [130] NumericLiteral: typed by its token, lexical form kept (sign included). */
  numericLiteral(node: NumericLiteralCstNode): Literal {
    const c = node.children;
    const signed = c.numericLiteralPositive ?? c.numericLiteralNegative;
    const token = signed
      ? Object.values(signed[0]!.children).flat()[0]!
      : (c.INTEGER ?? c.DECIMAL ?? c.DOUBLE)![0]!;
    return numericToken(token);
  }

  /** [134] BooleanLiteral (the keyword is case-insensitive; the value is "true"/"false"). */
  booleanLiteral(node: BooleanLiteralCstNode): Literal {
    return DataFactory.literal(node.children.true ? 'true' : 'false', xsdBoolean);
  }
}

/** numericToken makes the literal of an INTEGER/DECIMAL/DOUBLE token, signed or not. */
export function numericToken(token: IToken, dropSign = false): Literal {
  const kind = token.tokenType.name.replace(/_(POSITIVE|NEGATIVE)$/, '');
  const lexical = dropSign ? token.image.slice(1) : token.image;
  return DataFactory.literal(lexical, numericTypes[kind]!);
}

const ECHARS: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/**
 * decodeEscapes returns a token's text between `open` and `close` delimiter characters with
 * \u/\U codepoint escapes (and, in strings, [160] ECHAR escapes) decoded in one pass. A
 * surrogate code point is accepted only as a \u high + \u low pair.
 */
function decodeEscapes(token: IToken, open: number, close: number, echar: boolean): string {
  const body = token.image.slice(open, token.image.length - close);
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const kind = body[i + 1]!;
    if (kind === 'u' || kind === 'U') {
      const len = kind === 'u' ? 4 : 8;
      let cp = parseInt(body.slice(i + 2, i + 2 + len), 16);
      let used = 2 + len;
      if (cp >= 0xd800 && cp <= 0xdbff && body.startsWith('\\u', i + used)) {
        const low = parseInt(body.slice(i + used + 2, i + used + 6), 16);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          used += 6;
        }
      }
      if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
        const at = positionInToken(token, open + i);
        throw syntaxError(
          `The escape ${body.slice(i, i + 2 + len)} is not a Unicode scalar value (a lone surrogate or past U+10FFFF)`,
          at,
        );
      }
      out += String.fromCodePoint(cp);
      i += used;
    } else if (echar && ECHARS[kind] !== undefined) {
      out += ECHARS[kind];
      i += 2;
    } else {
      // The lexer only admits the escapes above; anything else here is a bug.
      throw syntaxError(`Invalid escape \\${kind}`, positionInToken(token, open + i));
    }
  }
  return out;
}
