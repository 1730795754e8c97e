package io.heal8s.engine.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * What {@link WasmPolicyEngine} needs from a file: the policy's Wasm module and, for a bundle from
 * {@code opa build -t wasm} (a gzipped tar), the data from its {@code data.json} files merged at their directories'
 * paths, as OPA does. A bare {@code .wasm} file has no data. Read with the JDK alone (a tar is 512-byte blocks).
 */
record OpaBundle(byte[] wasm, ObjectNode data) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int BLOCK = 512;
    // A policy and its data are kilobytes to a few megabytes; this only stops a gzip bomb.
    private static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;

    /** Reads a Wasm module or a bundle, telling them apart by their first bytes rather than the file name. */
    static OpaBundle read(byte[] file) throws IOException {
        if (file.length >= 4 && file[0] == 0 && file[1] == 'a' && file[2] == 's' && file[3] == 'm') {
            return new OpaBundle(file, MAPPER.createObjectNode());
        }
        if (file.length >= 2 && (file[0] & 0xff) == 0x1f && (file[1] & 0xff) == 0x8b) {
            return readBundle(new GZIPInputStream(new ByteArrayInputStream(file)));
        }
        throw new IOException("neither a Wasm module (\\0asm) nor a gzipped bundle from 'opa build -t wasm'");
    }

    private static OpaBundle readBundle(InputStream tar) throws IOException {
        byte[] wasm = null;
        ObjectNode data = MAPPER.createObjectNode();
        byte[] header = new byte[BLOCK];
        while (readBlock(tar, header)) {
            if (isZero(header)) {
                break;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty() && "ustar".equals(text(header, 257, 5))) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            if (size < 0 || size > MAX_ENTRY_BYTES) {
                throw new IOException("bundle entry '" + name + "' has an unusable size " + size);
            }
            char type = (char) header[156];
            byte[] content = tar.readNBytes((int) size);
            if (content.length != size) {
                throw new IOException("bundle entry '" + name + "' is truncated");
            }
            long padding = (BLOCK - size % BLOCK) % BLOCK;
            if (tar.readNBytes((int) padding).length != padding) {
                throw new IOException("bundle is truncated after '" + name + "'");
            }
            if (type != '0' && type != '\0') {
                continue; // directories, links and pax headers carry no policy or data
            }
            String path = stripLeading(name);
            if (path.equals("policy.wasm")) {
                wasm = content;
            } else if (path.equals("data.json") || path.endsWith("/data.json")) {
                merge(data, path, content);
            }
        }
        if (wasm == null) {
            throw new IOException("the bundle has no /policy.wasm: build it with 'opa build -t wasm'");
        }
        return new OpaBundle(wasm, data);
    }

    private static void merge(ObjectNode data, String path, byte[] content) throws IOException {
        JsonNode value;
        try {
            value = MAPPER.readTree(new String(content, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("bundle entry '" + path + "' is not valid JSON: " + e.getMessage(), e);
        }
        if (value == null || !value.isObject()) {
            throw new IOException("bundle entry '" + path + "' must hold a JSON object");
        }
        ObjectNode at = data;
        String dir = path.substring(0, path.length() - "data.json".length());
        for (String segment : dir.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            JsonNode child = at.get(segment);
            at = child instanceof ObjectNode node ? node : at.putObject(segment);
        }
        at.setAll((ObjectNode) value);
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n != BLOCK) {
            throw new IOException("bundle ends inside a tar header");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] block, int offset, int length) throws IOException {
        String text = text(block, offset, length).trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (size field '" + text + "')");
        }
    }

    private static String stripLeading(String name) {
        String path = name;
        while (path.startsWith("/") || path.startsWith("./")) {
            path = path.substring(path.startsWith("/") ? 1 : 2);
        }
        return path;
    }
}
