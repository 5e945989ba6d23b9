import { Duration, Size } from 'cdk8s';
import { durationToSeconds, sizeToQuantity } from '../../../src/constructs/private/quantities';

describe('sizeToQuantity', () => {
  test('uses the largest binary unit that expresses the size exactly', () => {
    expect(sizeToQuantity(Size.gibibytes(10))).toBe('10Gi');
    expect(sizeToQuantity(Size.mebibytes(2048))).toBe('2Gi');
    expect(sizeToQuantity(Size.mebibytes(1536))).toBe('1536Mi');
    expect(sizeToQuantity(Size.tebibytes(1))).toBe('1Ti');
    expect(sizeToQuantity(Size.pebibyte(2))).toBe('2Pi');
  });

  test('falls back to kibibytes for sizes below a whole mebibyte', () => {
    expect(sizeToQuantity(Size.kibibytes(512))).toBe('512Ki');
    expect(sizeToQuantity(Size.kibibytes(1536))).toBe('1536Ki');
  });
});

describe('durationToSeconds', () => {
  test('gives whole seconds', () => {
    expect(durationToSeconds(Duration.minutes(2))).toBe(120);
  });

  test('rounds up so that a probe never fires earlier than asked', () => {
    expect(durationToSeconds(Duration.millis(1500))).toBe(2);
  });
});
