/** Saves bytes as a file through the browser's download. */
export function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has its own reference to the blob by now.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Calls `onFile` with the bytes of each file chosen in `input`. */
export function onUpload(input: HTMLInputElement, onFile: (bytes: Uint8Array, name: string) => Promise<void>): void {
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file === undefined) return;
    void file.arrayBuffer().then((buffer) => onFile(new Uint8Array(buffer), file.name));
    input.value = ''; // choosing the same file again is a new upload
  });
}
