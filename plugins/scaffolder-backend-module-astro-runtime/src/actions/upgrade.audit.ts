/*
 * The audit record of `astro:runtime:upgrade`: who ran which template (task
 * id, dry run or not), what was asked, and the outcome (the versions and
 * changed files, or the error).
 */
import type { AuditorService } from '@backstage/backend-plugin-api';

/** A bounded copy of a template-supplied value for the audit record. */
function auditValue(value: unknown): string | boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.slice(0, 200);
  return undefined;
}

/**
 * The action with each run recorded through the auditor (event
 * `astro-runtime-upgrade`, severity low for a dry run, medium otherwise).
 */
export function withAudit<
  A extends { id: string; handler: (ctx: any) => Promise<void> },
>(action: A, auditor: AuditorService): A {
  const run = action.handler;
  return {
    ...action,
    async handler(ctx: any) {
      const input = (ctx.input ?? {}) as Record<string, unknown>;
      const event = await auditor.createEvent({
        eventId: 'astro-runtime-upgrade',
        severityLevel: ctx.isDryRun ? 'low' : 'medium',
        meta: {
          actionId: action.id,
          taskId: ctx.task?.id ?? null,
          templateRef: ctx.templateInfo?.entityRef ?? null,
          userRef: ctx.user?.ref ?? null,
          dryRun: Boolean(ctx.isDryRun),
          targetVersion: auditValue(input.targetVersion) ?? null,
          projectPath: auditValue(input.projectPath) ?? '.',
          pinProviders: input.pinProviders === true,
          force: input.force === true,
          applyCodeFixes: input.applyCodeFixes === true,
        },
      });
      const outputs: Record<string, unknown> = {};
      try {
        await run({
          ...ctx,
          output(name: string, value: unknown) {
            outputs[name] = value;
            ctx.output(name, value);
          },
        });
      } catch (e) {
        await event.fail({
          error: e instanceof Error ? e : new Error(String(e)),
        });
        throw e;
      }
      await event.success({
        meta: {
          fromVersion: auditValue(outputs.fromVersion) ?? null,
          toVersion: auditValue(outputs.toVersion) ?? null,
          changedFiles: Array.isArray(outputs.changedFiles)
            ? outputs.changedFiles.map(String)
            : [],
        },
      });
    },
  };
}
