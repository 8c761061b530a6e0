import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Upgrade the Astro Runtime of the project at the workspace root',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'astro:runtime:upgrade',
          name: 'Upgrade Astro Runtime',
          input: {
            targetVersion: '13.1.0',
          },
        },
      ],
    }),
  },
  {
    description:
      'Upgrade a project in a monorepo folder and pin the current provider packages in requirements.txt',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'astro:runtime:upgrade',
          name: 'Upgrade Astro Runtime',
          input: {
            targetVersion: '${{ parameters.targetVersion }}',
            projectPath: 'airflow/orders',
            pinProviders: true,
            deployments: ['orders-prod', 'orders-dev'],
          },
        },
      ],
    }),
  },
  {
    description:
      "Move to Airflow 3 (from Runtime 12 or later); the versions offered and accepted are those of the astro-runtime backend's configured release source",
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'astro:runtime:upgrade',
          name: 'Upgrade Astro Runtime',
          input: {
            targetVersion: '3.1-12',
          },
        },
      ],
    }),
  },
  {
    description:
      "Move to Airflow 3 and apply ruff's safe fixes (rules AIR3) to the project's Python files; the changed files are in the output codeFixes, what is left is a checklist in the pull request body, and unsafe fixes are never applied",
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'astro:runtime:upgrade',
          name: 'Upgrade Astro Runtime',
          input: {
            targetVersion: '3.1-12',
            applyCodeFixes: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Open a pull request with the title and body the action computed',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:plain',
          input: { url: 'https://github.com/acme/orders-pipeline/tree/main' },
        },
        {
          id: 'upgrade',
          action: 'astro:runtime:upgrade',
          input: { targetVersion: '13.1.0' },
        },
        {
          id: 'publish',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=orders-pipeline',
            branchName: 'astro-runtime-upgrade',
            title: '${{ steps.upgrade.output.prTitle }}',
            description: '${{ steps.upgrade.output.prBody }}',
          },
        },
      ],
    }),
  },
];
