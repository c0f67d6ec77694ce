import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { closedObject, labelsSchema } from './common';
import { fieldErrors } from './fields';
import { createNetworkSchema } from './network';
import { constraintSchema, createServiceSchema } from './service';

function errorsOf(schema: z.ZodType, input: unknown): Record<string, string> {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return fieldErrors(parsed.error);
}

describe('hostile keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses the label key %s by name', (key) => {
    const fields = errorsOf(labelsSchema, JSON.parse(`{"${key}": "x", "ok": "y"}`));
    expect(Object.keys(fields)).toEqual([key]);
    expect(fields[key]).toContain('reserved by JavaScript');
  });

  it('names a prototype-like label inside a request by its path', () => {
    const fields = errorsOf(
      createNetworkSchema,
      JSON.parse('{"name":"n","driver":"bridge","labels":{"__proto__":"x"}}'),
    );
    expect(fields['labels.__proto__']).toContain('reserved by JavaScript');
    const options = errorsOf(
      createNetworkSchema,
      JSON.parse('{"name":"n","driver":"bridge","options":{"constructor":"x"}}'),
    );
    expect(options['options.constructor']).toContain('reserved by JavaScript');
  });

  it('keeps the message of every unknown field, whatever its name', () => {
    const fields = errorsOf(
      closedObject({ a: z.string().optional() }),
      JSON.parse('{"__proto__":{"polluted":1},"constructor":1,"toString":2,"hasOwnProperty":3}'),
    );
    expect(fields).toEqual({
      ['__proto__']: 'Unknown field: __proto__',
      constructor: 'Unknown field: constructor',
      toString: 'Unknown field: toString',
      hasOwnProperty: 'Unknown field: hasOwnProperty',
    });
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('constraints', () => {
  it.each([
    'node.role==worker\n',
    'node.role==worker\r',
    'node.role==wor\u0000ker',
    '\tnode.role==worker',
  ])('refuses %j', (constraint) => {
    expect(errorsOf(constraintSchema, constraint)._).toContain('one line');
  });

  it('still trims spaces around a constraint', () => {
    expect(constraintSchema.parse('  node.role==worker ')).toBe('node.role==worker');
  });

  it('names the constraint by its index in a service', () => {
    const fields = errorsOf(createServiceSchema, {
      name: 's',
      image: 'busybox',
      constraints: ['node.role==manager', 'node.hostname==x\n'],
    });
    expect(fields['constraints.1']).toContain('one line');
  });
});
