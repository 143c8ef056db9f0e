package io.github.voiceconnectorgroup.bench;

import io.github.voiceconnectorgroup.VoiceConnectorGroup;
import io.github.voiceconnectorgroup.VoiceConnectorItem;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Stack;

/** This project's variant: each group a {@link VoiceConnectorGroup}, one handler per stack. */
public final class ConstructBenchStack implements BenchStack {

  /** Creates the variant. */
  public ConstructBenchStack() {}

  @Override
  public String name() {
    return "construct";
  }

  @Override
  public void addGroup(Stack stack, int index) {
    List<VoiceConnectorItem> items = new ArrayList<>();
    int priority = 1;
    for (String id : BenchStack.voiceConnectorIds(index)) {
      items.add(VoiceConnectorItem.of(id, priority++));
    }
    VoiceConnectorGroup.Builder.create(stack, "Group" + index)
        .name(BenchStack.groupName(index))
        .voiceConnectorItems(items)
        .build();
  }
}
