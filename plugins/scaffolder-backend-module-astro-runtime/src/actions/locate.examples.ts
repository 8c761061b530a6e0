import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Find an Astro project's repository, fetch it and upgrade it",
    example: yaml.stringify({
      steps: [
        {
          id: 'locate',
          action: 'astro:runtime:locate-project',
          name: 'Locate the Astro project',
          input: { entityRef: '${{ parameters.entity }}' },
        },
        {
          id: 'fetch',
          action: 'fetch:plain',
          if: "${{ steps.locate.output.sourceType === 'url' }}",
          input: { url: '${{ steps.locate.output.fetchUrl }}' },
        },
        {
          id: 'upgrade',
          action: 'astro:runtime:upgrade',
          input: {
            targetVersion: '${{ parameters.targetVersion }}',
            projectPath: '${{ steps.locate.output.projectPath }}',
            deployments: '${{ steps.locate.output.deploymentIds }}',
          },
        },
      ],
    }),
  },
];
