import { isRetainError } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { InvalidInContextMessageError } from './invalid-in-context-message-error.js';
import { parseMessageDefinition } from './message-schema.js';
import { UnsafeUrlError } from './unsafe-url-error.js';

const valid = { id: 'cart-nudge', when: () => true, placement: 'toast', content: { title: 'Still thinking it over?' } };

function errorOf(input: unknown): unknown {
  try {
    parseMessageDefinition(input);
  } catch (error) {
    return error;
  }
  throw new Error('expected parseMessageDefinition to throw');
}

describe('parseMessageDefinition', () => {
  it('normalises a valid definition with defaults', () => {
    const spec = parseMessageDefinition({ ...valid, placement: { anchor: '#cart' }, content: { title: 'T', body: 'one\n\ntwo' } });
    expect(spec.placement).toEqual({ kind: 'anchor', selector: '#cart' });
    expect(spec.priority).toBe(0);
    expect(spec.holdout).toBe(0);
    expect(spec.frequency).toEqual({ perSession: 1, maxDismissals: 2, afterDismissDays: 1 });
    expect(spec.body).toEqual([[{ kind: 'text', text: 'one' }], [{ kind: 'text', text: 'two' }]]);
  });

  it('lists every problem with its path', () => {
    const error = errorOf({ ...valid, priority: 'high', holdout: 2, content: { title: '', actions: [{ label: 'x', colour: 'red' }] } });
    expect(error).toBeInstanceOf(InvalidInContextMessageError);
    const paths = (error as InvalidInContextMessageError).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['priority', 'holdout', 'content.title', 'content.actions.0.colour']));
    expect((error as Error).message).toContain('in-context message "cart-nudge"');
    expect((error as Error).message).toContain('at content.title: title must not be empty');
    expect(isRetainError(error)).toBe(true);
  });

  it('refuses an unknown placement and a non-function when', () => {
    const error = errorOf({ ...valid, placement: 'popup', when: 'always' }) as InvalidInContextMessageError;
    expect(error.issues.map((i) => i.path.join('.')).sort()).toEqual(['placement', 'when']);
  });

  it('refuses an action that is both a link and a dismissal', () => {
    const error = errorOf({ ...valid, content: { title: 'T', actions: [{ label: 'x', href: '/a', dismiss: true }] } }) as InvalidInContextMessageError;
    expect(error.path).toEqual(['content', 'actions', 0]);
  });

  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', '\u0001javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'])(
    'refuses the link %j with an UnsafeUrlError',
    (href) => {
      const error = errorOf({ ...valid, content: { title: 'T', actions: [{ label: 'ok' }, { label: 'go', href }] } });
      expect(error).toBeInstanceOf(UnsafeUrlError);
      expect((error as UnsafeUrlError).path).toEqual(['content', 'actions', 1, 'href']);
      expect((error as UnsafeUrlError).url).toBe(href);
      expect((error as Error).message).toContain('at content.actions[1].href');
    },
  );

  it('refuses a javascript: link inside rich text', () => {
    const error = errorOf({ ...valid, content: { title: 'T', body: { rich: 'Click [here](javascript:alert(1))' } } });
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect((error as UnsafeUrlError).path).toEqual(['content', 'body', 'rich']);
  });

  it.each(['https://shop.example.com/cart', 'http://example.com', '/cart', 'cart?x=1', '#top', '//cdn.example.com/a', '?step=2'])('accepts the link %j', (href) => {
    expect(parseMessageDefinition({ ...valid, content: { title: 'T', actions: [{ label: 'go', href }] } }).content.actions?.[0]?.href).toBe(href);
  });

  it('parses the rich-text allow-list and keeps everything else as text', () => {
    const spec = parseMessageDefinition({ ...valid, content: { title: 'T', body: { rich: 'Saved **7 days**, _really_.\nSee [cart](/cart) <b>now</b>\n\nBye' } } });
    expect(spec.body).toEqual([
      [
        { kind: 'text', text: 'Saved ' },
        { kind: 'strong', text: '7 days' },
        { kind: 'text', text: ', ' },
        { kind: 'em', text: 'really' },
        { kind: 'text', text: '.' },
        { kind: 'br' },
        { kind: 'text', text: 'See ' },
        { kind: 'link', text: 'cart', href: '/cart' },
        { kind: 'text', text: ' <b>now</b>' },
      ],
      [{ kind: 'text', text: 'Bye' }],
    ]);
  });
});
