import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { noGuarantee } from '../../src/unlearn/guarantee.js';
import { defineMethod } from '../../src/unlearn/method.js';
import { contextForMethod } from '../../src/unlearn/needs.js';
import { getMethod } from '../../src/unlearn/registry.js';
import { fixtureContext, forgetClass, retainClass, trainReferences } from '../helpers/unlearn-fixture.js';

const states = trainReferences();

describe('a method sees only what it declares', () => {
  it('reading an undeclared input is an error that names the method and the input', () => {
    const sneaky = defineMethod({
      name: 'sneaky',
      label: 'Sneaky',
      summary: 'reads the forget set without declaring it',
      needs: { retain: true, forget: false, original: false, validation: false },
      guarantee: noGuarantee,
      schema: z.object({}).strict(),
      defaults: () => ({}),
      workload: () => 0,
      run: (context) => ({ details: { n: context.forget.length } }),
    });
    const context = contextForMethod(sneaky, fixtureContext(states, forgetClass, retainClass));
    expect(() => sneaky.run(context, {})).toThrow("method 'sneaky' read context.forget without declaring needs.forget");
    expect(context.retain.length).toBe(retainClass.length);
    expect(() => context.oracle).toThrow(/needs.oracle/);
  });

  it('a declared set that is empty is refused before the method runs', () => {
    expect(() => contextForMethod(getMethod('ga'), fixtureContext(states, new Int32Array(0), retainClass))).toThrow(
      "method 'ga' needs the forget set, and it is empty in this scenario",
    );
    expect(() =>
      contextForMethod(getMethod('ft'), fixtureContext(states, new Int32Array(0), retainClass)),
    ).not.toThrow();
  });
});
