package io.heal8s.engine.gitops;

import java.util.ArrayList;
import java.util.List;

/** The lines a unified diff would show as removed and added between two texts (a longest-common-subsequence diff). */
record LineDiff(List<String> removed, List<String> added) {

    static LineDiff between(String before, String after) {
        String[] a = before.split("\r\n|\n|\r", -1);
        String[] b = after.split("\r\n|\n|\r", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                added.add(b[j++]);
            } else {
                removed.add(a[i++]);
            }
        }
        return new LineDiff(removed, added);
    }
}
