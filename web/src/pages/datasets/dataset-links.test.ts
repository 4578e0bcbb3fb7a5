import { describe, expect, it } from 'vitest';
import { datasetUrl, flywheelInputRef, versionUrl } from './dataset-links';

describe('dataset links', () => {
  it('builds the pages’ paths, escaping what needs it', () => {
    expect(datasetUrl('pets')).toBe('/datasets/pets');
    expect(versionUrl('pets', 2)).toBe('/datasets/pets/versions/2');
    expect(versionUrl('pets', 'train-v3')).toBe('/datasets/pets/versions/train-v3');
  });

  describe('a run’s dataset input', () => {
    it('names a version when its source type is flywheel and its source a flywheel URI', () => {
      expect(flywheelInputRef({ source_type: 'flywheel', source: '{"uri":"flywheel:pets@2"}' })).toEqual({ dataset: 'pets', ref: '2' });
      expect(flywheelInputRef({ source_type: 'flywheel', source: '{"uri":"flywheel:my.data_set-1@train-v3"}' })).toEqual({ dataset: 'my.data_set-1', ref: 'train-v3' });
    });

    it('reads a bare URI, and no ref as the latest version', () => {
      expect(flywheelInputRef({ source_type: 'flywheel', source: 'flywheel:pets@7' })).toEqual({ dataset: 'pets', ref: '7' });
      expect(flywheelInputRef({ source_type: 'flywheel', source: '{"uri":"flywheel:pets"}' })).toEqual({ dataset: 'pets', ref: 'latest' });
    });

    it('names nothing for other sources or malformed ones', () => {
      expect(flywheelInputRef({ source_type: 'http', source: '{"uri":"flywheel:pets@2"}' })).toBeUndefined();
      expect(flywheelInputRef({ source_type: 'flywheel', source: '{"url":"flywheel:pets@2"}' })).toBeUndefined();
      expect(flywheelInputRef({ source_type: 'flywheel', source: '{"uri":"s3://bucket/pets"}' })).toBeUndefined();
      expect(flywheelInputRef({ source_type: 'flywheel', source: '{"uri":"flywheel:../etc@2"}' })).toBeUndefined();
      expect(flywheelInputRef({ source_type: 'flywheel', source: '{"uri":"flywheel:pets@2/x"}' })).toBeUndefined();
      expect(flywheelInputRef({ source_type: 'flywheel', source: '' })).toBeUndefined();
    });
  });
});
