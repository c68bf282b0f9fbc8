import { describe, expect, it } from '@jest/globals';
import { maskIdentifier } from './mask-identifier.js';

describe('maskIdentifier', () => {
  it.each([
    ['E12345678', 'E1****678'],
    ['G1234567890', 'G1****890'],
    ['E12345678FRA19880412', 'E1****412'],
    ['AB1234', 'A****34'],
    ['12345', '1****45'],
    ['1234', '****'],
    ['', '****'],
  ])('masks the passport or reference number %p as %p, the hidden part always 4 stars', (value, masked) => {
    expect(maskIdentifier(value, 'passportNo')).toBe(masked);
    expect(maskIdentifier(value, 'reference')).toBe(masked);
  });

  it('keeps only the year of a birth date', () => {
    expect(maskIdentifier('1988-04-12', 'birthDate')).toBe('1988-**-**');
    expect(maskIdentifier('12/04/1988', 'birthDate')).toBe('****');
  });

  it.each([
    ['Élodie Marchand', 'É** M**'],
    ['王小明', '王**'],
    ['  Anna   Maria  Müller ', 'A** M** M**'],
    ['👩🏽‍🔬 Lab', '👩🏽‍🔬** L**'],
    ['   ', '****'],
  ])('keeps the first letter of each word of the name %p', (value, masked) => {
    expect(maskIdentifier(value, 'name')).toBe(masked);
  });

  it('shows an encrypted field as [encrypted], without its key id', () => {
    expect(maskIdentifier('enc:v1:k2:sm4-gcm:AAAAAAAAAAAAAAAA:BBBB', 'passportNo')).toBe('[encrypted]');
  });
});
