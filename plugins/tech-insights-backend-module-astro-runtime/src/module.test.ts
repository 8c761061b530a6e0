import { startTestBackend } from '@backstage/backend-test-utils';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import defaultFeature from './index';
import { astroRuntimeFactRetriever } from './retriever';

describe('techInsightsModuleAstroRuntime', () => {
  it('adds astroRuntimeFactRetriever through the fact-retrievers extension point', async () => {
    const addFactRetrievers = jest.fn();
    await startTestBackend({
      extensionPoints: [
        [techInsightsFactRetrieversExtensionPoint, { addFactRetrievers }],
      ],
      features: [defaultFeature],
    });
    expect(addFactRetrievers).toHaveBeenCalledTimes(1);
    expect(addFactRetrievers).toHaveBeenCalledWith({
      astroRuntimeFactRetriever,
    });
  });
});
