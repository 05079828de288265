import { describe, expect, test } from 'vitest';
import { applySmartStyle, parseSmartStyle } from './smart-style.ts';

describe('SMART style', () => {
  test('keeps plain CSS tokens and drops anything that could load a resource or end the declaration', () => {
    const style = parseSmartStyle({
      color_highlight: '#1f3a5a',
      color_modal_backdrop: 'rgba(29, 39, 51, 0.5)',
      font_family_body: '"Segoe UI", Roboto, sans-serif',
      color_background: 'url(https://evil.example/pixel.png)',
      color_text: 'red; background: black',
      dim_font_size: 16,
      'Bad-Key': 'blue',
    });
    expect(style).toEqual({ color_highlight: '#1f3a5a', color_modal_backdrop: 'rgba(29, 39, 51, 0.5)', font_family_body: '"Segoe UI", Roboto, sans-serif' });
  });

  test('sets the app\'s custom properties and a --smart-* copy, and takes them off again', () => {
    const root = document.createElement('div');
    const remove = applySmartStyle({ color_highlight: '#1f3a5a', dim_border_radius: '4px' }, root);
    expect(root.style.getPropertyValue('--accent')).toBe('#1f3a5a');
    expect(root.style.getPropertyValue('--radius')).toBe('4px');
    expect(root.style.getPropertyValue('--smart-color-highlight')).toBe('#1f3a5a');
    remove();
    expect(root.getAttribute('style') ?? '').toBe('');
  });
});
