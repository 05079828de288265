import { render, screen } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { CharacterCount } from './CharacterCount.tsx';

describe('a character count', () => {
  test('counts the text as the proxy will, without the white space around it', () => {
    render(<CharacterCount id="count" text={'  abc  '} max={10} />);
    expect(screen.getByText('3 / 10 characters')).toBeTruthy();
  });

  test('says by how many characters to shorten a text one character over, in the singular', () => {
    render(<CharacterCount id="count" text="abcd" max={3} />);
    expect(document.getElementById('count')?.textContent).toBe('4 / 3 characters: 1 too many. Shorten it by 1 character to send it.');
  });

  test('says by how many characters to shorten a text several characters over', () => {
    render(<CharacterCount id="count" text="abcdef" max={3} />);
    expect(document.getElementById('count')?.textContent).toBe('6 / 3 characters: 3 too many. Shorten it by 3 characters to send it.');
  });
});
