'use client';

import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { forwardRef, useImperativeHandle, useMemo, useRef } from 'react';
import { toFormSchema, uiSchemaFor } from './form-schema.ts';

export interface ParamsFormHandle {
  /** Shows the schema's validation messages; true when the params are valid. */
  validate(): boolean;
}

type Params = Record<string, unknown>;

/**
 * A plugin's params as a form generated from its JSON Schema: defaults filled in, each field
 * described, and the schema's validation messages shown as you type.
 */
export const ParamsForm = forwardRef<
  ParamsFormHandle,
  {
    pluginName: string;
    paramsSchema: unknown;
    value: Params | undefined;
    onChange: (value: Params) => void;
  }
>(function ParamsForm({ pluginName, paramsSchema, value, onChange }, ref) {
  const formRef = useRef<Form<Params, RJSFSchema>>(null);
  const schema = useMemo(() => toFormSchema(paramsSchema) as RJSFSchema, [paramsSchema]);
  const uiSchema = useMemo<UiSchema<Params, RJSFSchema>>(
    () => ({
      ...(uiSchemaFor(schema as never) as UiSchema<Params, RJSFSchema>),
      'ui:submitButtonOptions': { norender: true },
    }),
    [schema],
  );
  useImperativeHandle(ref, () => ({ validate: () => formRef.current?.validateForm() ?? true }), []);
  const empty = !schema.properties || Object.keys(schema.properties).length === 0;
  if (empty) return <p className="muted small">This method has no parameters.</p>;
  return (
    <div className="params-form" data-params-form={pluginName}>
      <Form<Params, RJSFSchema>
        ref={formRef}
        tagName="div"
        idPrefix={`params-${pluginName}`}
        schema={schema}
        uiSchema={uiSchema}
        formData={value}
        validator={validator}
        liveValidate="onChange"
        showErrorList={false}
        noHtml5Validate
        focusOnFirstError
        onChange={(event) => onChange((event.formData ?? {}) as Params)}
      />
    </div>
  );
});
